resource "azbatch_gallery" "g" {
  name                = "acc_community"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  description         = "{{description}}"
  sharing {
    permission                = "Community"
    community_publisher_uri   = "https://contoso.example"
    community_publisher_email = "images@contoso.example"
    community_eula            = "https://contoso.example/eula"
    community_prefix          = "{{prefix}}"
  }
}
