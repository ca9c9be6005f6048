output "replicas" {
  value = [for n in [1, 300, 301, 3000] : provider::azbatch::min_replicas(n)]
}

output "id" {
  value = provider::azbatch::parse_resource_id("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.2.3")
}
