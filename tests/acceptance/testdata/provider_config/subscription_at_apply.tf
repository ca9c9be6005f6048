# The subscription is known only once terraform_data is applied.
resource "terraform_data" "subscription" {
  input = "{{subscription_id}}"
}

provider "azbatch" {
  subscription_id = terraform_data.subscription.output
}
