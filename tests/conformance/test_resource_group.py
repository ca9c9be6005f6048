"""Resource groups through azure-mgmt-resource: create, get, list, update, delete, errors."""

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from conftest import expect_arm_error


def test_resource_group_lifecycle(resources):
    groups = resources.resource_groups
    created = groups.create_or_update("conformance-rg", {"location": "northeurope",
                                                         "tags": {"stage": "one"}})
    assert created.name == "conformance-rg"
    assert created.location == "northeurope"
    assert created.properties.provisioning_state == "Succeeded"

    got = groups.get("conformance-rg")
    assert got.id == created.id
    assert got.tags == {"stage": "one"}
    assert groups.check_existence("conformance-rg")

    assert "conformance-rg" in [g.name for g in groups.list()]

    updated = groups.update("conformance-rg", {"tags": {"stage": "two"}})
    assert updated.tags == {"stage": "two"}
    assert groups.get("conformance-rg").tags == {"stage": "two"}

    groups.begin_delete("conformance-rg").result()
    assert not groups.check_existence("conformance-rg")
    err = expect_arm_error(lambda: groups.get("conformance-rg"), 404, "ResourceGroupNotFound")
    assert isinstance(err, ResourceNotFoundError)


def test_resource_group_errors(resources):
    groups = resources.resource_groups
    expect_arm_error(lambda: groups.create_or_update("bad-region", {"location": "mars-central"}),
                     400, "LocationNotAvailableForResourceGroup")
    expect_arm_error(lambda: groups.create_or_update("bad*name", {"location": "westeurope"}),
                     400, "InvalidResourceGroup")
    groups.create_or_update("moving", {"location": "westeurope"})
    err = expect_arm_error(lambda: groups.create_or_update("moving", {"location": "eastus"}),
                           409, "InvalidResourceGroupLocation")
    assert isinstance(err, HttpResponseError)
    groups.begin_delete("moving").result()


def test_providers_list_the_sdk_api_versions(resources):
    # The providers API lists what Azure serves, newest first: the SDKs' defaults included.
    compute = resources.providers.get("Microsoft.Compute")
    assert compute.registration_state == "Registered"
    versions = {t.resource_type: t.api_versions for t in compute.resource_types}
    assert versions["galleries"][0] == "2026-03-03"
    assert "2026-04-01" in versions["images"]
    assert "2026-03-02" in versions["snapshots"]
    assert "westeurope" in [l.lower().replace(" ", "") for l in
                            next(t.locations for t in compute.resource_types
                                 if t.resource_type == "galleries")]
