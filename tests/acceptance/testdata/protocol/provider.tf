provider "azbatch" {}
