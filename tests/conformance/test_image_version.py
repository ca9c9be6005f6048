"""Gallery image versions in two regions through azure-mgmt-compute."""

from azure.mgmt.compute import models

from conftest import expect_arm_error, version_body


def test_image_version_lifecycle(compute, group, gallery, image_definition, managed_image):
    versions = compute.gallery_image_versions
    poller = versions.begin_create_or_update(
        group, gallery.name, image_definition.name, "0.1.0",
        version_body(managed_image.id, ["westeurope", "northeurope"]))
    created = poller.result()  # completes once both regions are replicated
    assert poller.status() == "Succeeded"
    assert created.properties.provisioning_state == "Succeeded"
    regions = [r.name.lower().replace(" ", "")
               for r in created.properties.publishing_profile.target_regions]
    assert regions == ["westeurope", "northeurope"]

    got = versions.get(group, gallery.name, image_definition.name, "0.1.0",
                       expand="ReplicationStatus")
    status = got.properties.replication_status
    assert status.aggregated_state == "Completed"
    assert len(status.summary) == 2
    assert all(s.state == "Completed" for s in status.summary)
    assert got.properties.storage_profile.source.id.lower() == managed_image.id.lower()

    listed = versions.list_by_gallery_image(group, gallery.name, image_definition.name)
    assert "0.1.0" in [v.name for v in listed]

    # Azure's GalleryImageVersionUpdate needs storageProfile alongside the regions.
    update = models.GalleryImageVersionUpdate(
        tags={"replicas": "more"},
        properties=models.GalleryImageVersionProperties(
            publishing_profile=models.GalleryImageVersionPublishingProfile(target_regions=[
                models.TargetRegion(name="westeurope", regional_replica_count=2),
                models.TargetRegion(name="northeurope", regional_replica_count=1)]),
            storage_profile=models.GalleryImageVersionStorageProfile(
                source=models.GalleryArtifactVersionFullSource(id=managed_image.id))))
    updated = versions.begin_update(group, gallery.name, image_definition.name, "0.1.0",
                                    update).result()
    assert updated.tags == {"replicas": "more"}
    assert updated.properties.publishing_profile.target_regions[0].regional_replica_count == 2

    versions.begin_delete(group, gallery.name, image_definition.name, "0.1.0").result()
    expect_arm_error(lambda: versions.get(group, gallery.name, image_definition.name, "0.1.0"),
                     404, "ResourceNotFound")


def test_image_version_errors(compute, group, gallery, image_definition, managed_image):
    versions = compute.gallery_image_versions
    # The version's own region must be among its target regions.
    expect_arm_error(lambda: versions.begin_create_or_update(
        group, gallery.name, image_definition.name, "0.2.0",
        version_body(managed_image.id, ["northeurope"])).result(), 400, "InvalidParameter")
    expect_arm_error(lambda: versions.begin_create_or_update(
        group, gallery.name, image_definition.name, "not-a-version",
        version_body(managed_image.id, ["westeurope"])).result(), 400, "InvalidParameter")
