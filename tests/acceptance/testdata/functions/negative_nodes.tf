output "r" {
  value = provider::azbatch::min_replicas(-1)
}
