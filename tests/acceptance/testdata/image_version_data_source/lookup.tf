# name and region are null when the test leaves them out.
data "azbatch_image_version" "v" {
  image_definition_id = "{{definition_id}}"
  name                = {{name}}
  region              = {{region}}
}

output "v" { value = data.azbatch_image_version.v }
