output "id" {
  value = provider::azbatch::parse_resource_id("/subscriptions/x")
}
