provider "azbatch" {
  preflight = false
}
