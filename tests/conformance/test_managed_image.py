"""Managed images from the seeded snapshot through azure-mgmt-compute."""

from azure.mgmt.compute import models

from conftest import SNAPSHOT_ID, expect_arm_error


def test_seeded_snapshot_is_readable(compute):
    snap = compute.snapshots.get("image-src", "ubuntu-os")
    assert snap.id == SNAPSHOT_ID
    assert snap.properties.os_type == "Linux"
    assert SNAPSHOT_ID in [s.id for s in compute.snapshots.list_by_resource_group("image-src")]


def test_managed_image_lifecycle(compute, group):
    images = compute.images
    body = models.Image(
        location="westeurope", tags={"from": "snapshot"},
        properties=models.ImageProperties(
            hyper_v_generation="V2",
            storage_profile=models.ImageStorageProfile(os_disk=models.ImageOSDisk(
                os_type="Linux", os_state="Generalized",
                snapshot=models.SubResource(id=SNAPSHOT_ID)))))
    poller = images.begin_create_or_update(group, "lifecycle-image", body)
    created = poller.result()
    assert poller.status() == "Succeeded"
    assert created.properties.provisioning_state == "Succeeded"
    assert created.properties.storage_profile.os_disk.snapshot.id.lower() == SNAPSHOT_ID.lower()

    got = images.get(group, "lifecycle-image")
    assert got.properties.hyper_v_generation == "V2"
    assert got.tags == {"from": "snapshot"}

    assert "lifecycle-image" in [i.name for i in images.list_by_resource_group(group)]
    assert created.id in [i.id for i in images.list()]

    updated = images.begin_update(group, "lifecycle-image",
                                  models.ImageUpdate(tags={"from": "update"})).result()
    assert updated.tags == {"from": "update"}

    images.begin_delete(group, "lifecycle-image").result()
    expect_arm_error(lambda: images.get(group, "lifecycle-image"), 404, "ResourceNotFound")


def test_managed_image_errors(compute, group):
    missing = SNAPSHOT_ID.replace("ubuntu-os", "no-such-snapshot")
    body = {"location": "westeurope",
            "properties": {"storageProfile": {"osDisk": {
                "osType": "Linux", "osState": "Generalized", "snapshot": {"id": missing}}}}}
    expect_arm_error(lambda: compute.images.begin_create_or_update(group, "broken", body).result(),
                     404, "NotFound")
