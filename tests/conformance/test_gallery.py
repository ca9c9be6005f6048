"""Galleries and gallery image definitions through azure-mgmt-compute."""

from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.compute import models

from conftest import expect_arm_error


def test_gallery_lifecycle(compute, group):
    galleries = compute.galleries
    poller = galleries.begin_create_or_update(
        group, "lifecycle_gallery",
        models.Gallery(location="westeurope",
                       properties=models.GalleryProperties(description="first")))
    created = poller.result()
    assert poller.status() == "Succeeded"
    assert created.properties.provisioning_state == "Succeeded"
    assert created.properties.description == "first"
    assert created.properties.identifier.unique_name

    got = galleries.get(group, "lifecycle_gallery")
    assert got.id == created.id
    assert got.location == "westeurope"

    assert "lifecycle_gallery" in [g.name for g in galleries.list_by_resource_group(group)]
    assert created.id in [g.id for g in galleries.list()]

    updated = galleries.begin_update(
        group, "lifecycle_gallery",
        models.GalleryUpdate(tags={"team": "batch"},
                             properties=models.GalleryProperties(description="second"))).result()
    assert updated.properties.description == "second"
    assert updated.tags == {"team": "batch"}

    galleries.begin_delete(group, "lifecycle_gallery").result()
    err = expect_arm_error(lambda: galleries.get(group, "lifecycle_gallery"), 404,
                           "ResourceNotFound")
    assert isinstance(err, ResourceNotFoundError)


def test_gallery_errors(compute, group):
    expect_arm_error(lambda: compute.galleries.begin_create_or_update(
        group, "bad-name", {"location": "westeurope"}).result(), 400, "InvalidParameter")
    expect_arm_error(lambda: compute.galleries.get("no-such-group", "g"), 404,
                     "ResourceGroupNotFound")


def test_image_definition_lifecycle(compute, group, gallery):
    images = compute.gallery_images
    body = models.GalleryImage(
        location="westeurope",
        properties=models.GalleryImageProperties(
            os_type="Linux", os_state="Generalized", hyper_v_generation="V2",
            description="one",
            identifier=models.GalleryImageIdentifier(publisher="contoso", offer="lifecycle",
                                                     sku="1")))
    created = images.begin_create_or_update(group, gallery.name, "lifecycle-def", body).result()
    assert created.properties.provisioning_state == "Succeeded"
    assert created.properties.identifier.offer == "lifecycle"

    got = images.get(group, gallery.name, "lifecycle-def")
    assert got.properties.os_type == "Linux"
    assert got.properties.hyper_v_generation == "V2"

    assert "lifecycle-def" in [i.name for i in images.list_by_gallery(group, gallery.name)]

    updated = images.begin_update(
        group, gallery.name, "lifecycle-def",
        models.GalleryImageUpdate(properties=models.GalleryImageProperties(
            os_type="Linux", os_state="Generalized", description="two",
            identifier=models.GalleryImageIdentifier(publisher="contoso", offer="lifecycle",
                                                     sku="1")))).result()
    assert updated.properties.description == "two"

    images.begin_delete(group, gallery.name, "lifecycle-def").result()
    expect_arm_error(lambda: images.get(group, gallery.name, "lifecycle-def"), 404,
                     "ResourceNotFound")


def test_image_definition_errors(compute, group, gallery):
    # osState and identifier are required (the spec's GalleryImageProperties).
    expect_arm_error(lambda: compute.gallery_images.begin_create_or_update(
        group, gallery.name, "nowhere", {"location": "westeurope",
                                         "properties": {"osType": "Linux"}}).result(),
                     400, "InvalidParameter")
    expect_arm_error(lambda: compute.gallery_images.get(group, "no_gallery", "d"), 404,
                     "ParentResourceNotFound")
