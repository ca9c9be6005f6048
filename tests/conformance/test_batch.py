"""Batch accounts and pools through azure-mgmt-batch, on the chain's gallery image."""

import time

from azure.core import MatchConditions
from azure.mgmt.batch import models

from conftest import expect_arm_error


def test_account_lifecycle(batch, group):
    accounts = batch.batch_account
    poller = accounts.begin_create(group, "lifecycleacct",
                                   {"location": "westeurope", "tags": {"a": "1"}})
    created = poller.result()
    assert poller.status() == "Succeeded"
    assert created.properties.provisioning_state == "Succeeded"
    assert created.properties.account_endpoint
    # Batch's default quotas, per VM family too.
    assert created.properties.dedicated_core_quota > 0
    assert created.properties.pool_quota > 0
    assert created.properties.dedicated_core_quota_per_vm_family

    got = accounts.get(group, "lifecycleacct")
    assert got.tags == {"a": "1"}
    assert "lifecycleacct" in [a.name for a in accounts.list_by_resource_group(group)]
    assert created.id in [a.id for a in accounts.list()]

    updated = accounts.update(group, "lifecycleacct",
                              models.BatchAccountUpdateParameters(tags={"a": "2"}))
    assert updated.tags == {"a": "2"}
    keys = accounts.get_keys(group, "lifecycleacct")
    assert keys.primary and keys.secondary

    accounts.begin_delete(group, "lifecycleacct").result()
    expect_arm_error(lambda: accounts.get(group, "lifecycleacct"), 404, "ResourceNotFound")


def test_account_errors(batch, resources, group, account):
    expect_arm_error(lambda: batch.batch_account.begin_create(
        group, "Bad_Name", {"location": "westeurope"}).result(), 400, "AccountNameInvalid")
    # Account names are unique per region: the same name in another group is taken.
    resources.resource_groups.create_or_update("conformance-other", {"location": "westeurope"})
    expect_arm_error(lambda: batch.batch_account.begin_create(
        "conformance-other", account.name, {"location": "westeurope"}).result(), 409,
        "AccountNameAlreadyExists")
    resources.resource_groups.begin_delete("conformance-other").result()


def test_location_operations(batch, account):
    quotas = batch.location.get_quotas("westeurope")
    assert quotas.account_quota > 0
    skus = list(batch.location.list_supported_virtual_machine_skus(
        "westeurope", filter="familyName eq 'standardDSv3Family'"))
    assert "Standard_D2s_v3" in [s.name for s in skus]
    caps = {c.name: c.value for c in skus[0].capabilities}
    assert int(caps["vCPUs"]) > 0
    taken = batch.location.check_name_availability(
        "westeurope", {"name": account.name, "type": "Microsoft.Batch/batchAccounts"})
    assert taken.name_available is False
    assert taken.reason == "AlreadyExists"


def pool_body(image_id, nodes):
    return models.Pool(properties=models.PoolProperties(
        vm_size="Standard_D2s_v3",
        deployment_configuration=models.DeploymentConfiguration(
            virtual_machine_configuration=models.VirtualMachineConfiguration(
                image_reference=models.ImageReference(id=image_id),
                node_agent_sku_id="batch.node.ubuntu 22.04")),
        scale_settings=models.ScaleSettings(
            fixed_scale=models.FixedScaleSettings(target_dedicated_nodes=nodes))))


def wait_steady(pools, group, account, name):
    deadline = time.monotonic() + 60
    while True:
        pool = pools.get(group, account, name)
        if pool.properties.allocation_state == "Steady" or time.monotonic() > deadline:
            return pool
        time.sleep(0.2)


def test_pool_lifecycle(batch, group, account, image_version):
    pools = batch.pool
    created = pools.create(group, account.name, "lifecycle", pool_body(image_version.id, 2))
    assert created.properties.provisioning_state == "Succeeded"
    assert created.etag

    pool = wait_steady(pools, group, account.name, "lifecycle")
    assert pool.properties.current_dedicated_nodes == 2
    assert "lifecycle" in [p.name for p in pools.list_by_batch_account(group, account.name)]

    updated = pools.update(group, account.name, "lifecycle", models.Pool(
        properties=models.PoolProperties(scale_settings=models.ScaleSettings(
            fixed_scale=models.FixedScaleSettings(target_dedicated_nodes=4)))))
    assert updated.properties.scale_settings.fixed_scale.target_dedicated_nodes == 4
    assert wait_steady(pools, group, account.name, "lifecycle").properties \
        .current_dedicated_nodes == 4

    pools.begin_delete(group, account.name, "lifecycle").result()
    expect_arm_error(lambda: pools.get(group, account.name, "lifecycle"), 404, "ResourceNotFound")


def test_pool_errors(batch, group, account, image_version):
    missing = image_version.id.replace("/versions/1.0.0", "/versions/9.9.9")
    expect_arm_error(lambda: batch.pool.create(group, account.name, "broken",
                                               pool_body(missing, 1)),
                     400, "InvalidPropertyValue")
    batch.pool.create(group, account.name, "guarded", pool_body(image_version.id, 0))
    expect_arm_error(lambda: batch.pool.create(group, account.name, "guarded",
                                               pool_body(image_version.id, 0),
                                               etag='"stale"',
                                               match_condition=MatchConditions.IfNotModified),
                     412, "ConditionNotMet")
    batch.pool.begin_delete(group, account.name, "guarded").result()
