resource "azbatch_resource_group" "a" {
  name     = "rc-a"
  location = "{{first}}"
}

resource "azbatch_resource_group" "b" {
  name     = "rc-b"
  location = "{{second}}"
}
