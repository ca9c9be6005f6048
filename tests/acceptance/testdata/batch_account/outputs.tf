output "endpoint" { value = azbatch_account.a.account_endpoint }
output "principal" {
  value = azbatch_account.a.identity == null ? "" : coalesce(azbatch_account.a.identity.principal_id, "")
}
output "primary" {
  value     = azbatch_account.a.primary_access_key
  sensitive = true
}
