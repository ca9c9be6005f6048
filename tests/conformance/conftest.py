"""Fixtures of the conformance suite: the emulator in TLS mode and Microsoft's own clients.

The emulator binary comes from ARM_EMULATOR_BIN (ctest sets it) or build/bin/arm-emulator.
Login goes through azure-identity's ClientSecretCredential with the emulator as authority;
the management clients get the emulator as base_url and its audience as credential scope,
as for any cloud that is not Azure's public one. The emulator's certificate is trusted
through connection_verify (and REQUESTS_CA_BUNDLE for anything that reads it).
"""

import json
import os
import pathlib
import signal
import ssl
import subprocess
import time
import urllib.request

import pytest
from azure.core.exceptions import HttpResponseError
from azure.identity import ClientSecretCredential
from azure.mgmt.batch import BatchManagementClient
from azure.mgmt.compute import ComputeManagementClient, models
from azure.mgmt.resource.resources import ResourceManagementClient

TENANT = "00000000-0000-0000-0000-0000000000aa"
CLIENT_ID = "00000000-0000-0000-0000-000000000001"
CLIENT_SECRET = "emulator-secret"
SUBSCRIPTION = "00000000-0000-0000-0000-0000000000bb"
# The suite's own source group, as in examples/custom-pool-from-gallery/emulator-seed.json.
SNAPSHOT_ID = (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/image-src/providers/"
               "Microsoft.Compute/snapshots/ubuntu-os")
REPO = pathlib.Path(__file__).resolve().parents[2]


class Emulator:
    """A running arm-emulator --tls and its admin API."""

    def __init__(self, binary, workdir):
        self.cert = str(workdir / "emulator.pem")
        ready = workdir / "emulator.url"
        self.log = open(workdir / "emulator.log", "wb")
        # One emulated hour per real second: replication and resizes finish in a blink.
        self.proc = subprocess.Popen(
            [binary, "--tls", "--tls-cert-file", self.cert, "--port", "0",
             "--ready-file", str(ready), "--time-scale", "3600"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not (ready.exists() and ready.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"arm-emulator did not start (see {self.log.name})")
            time.sleep(0.05)
        self.url = ready.read_text().strip()
        assert self.url.startswith("https://"), self.url
        self._ssl = ssl.create_default_context(cafile=self.cert)

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=self._ssl, timeout=30) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    binary = os.environ.get("ARM_EMULATOR_BIN", str(REPO / "build" / "bin" / "arm-emulator"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no arm-emulator at {binary}: build it or set ARM_EMULATOR_BIN")
    emu = Emulator(binary, tmp_path_factory.mktemp("emulator"))
    os.environ["REQUESTS_CA_BUNDLE"] = emu.cert
    # Only Azure can snapshot a VM's disk: the chain's OS-disk snapshot is seeded.
    emu.admin("POST", "seed", {"resources": [{
        "id": SNAPSHOT_ID, "location": "westeurope",
        "properties": {"osType": "Linux", "diskSizeGB": 30, "hyperVGeneration": "V2"}}]})
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def credential(emulator):
    # The emulator is the authority; instance discovery would ask Azure's public cloud.
    return ClientSecretCredential(TENANT, CLIENT_ID, CLIENT_SECRET, authority=emulator.url,
                                  disable_instance_discovery=True,
                                  connection_verify=emulator.cert)


def _client_kwargs(emulator):
    return {"base_url": emulator.url, "credential_scopes": [emulator.url + "/.default"],
            "connection_verify": emulator.cert,
            # Retry-After of the emulator is honoured; this only bounds polls without one.
            "polling_interval": 0.2}


@pytest.fixture(scope="session")
def resources(emulator, credential):
    return ResourceManagementClient(credential, SUBSCRIPTION, **_client_kwargs(emulator))


@pytest.fixture(scope="session")
def compute(emulator, credential):
    return ComputeManagementClient(credential, SUBSCRIPTION, **_client_kwargs(emulator))


@pytest.fixture(scope="session")
def batch(emulator, credential):
    return BatchManagementClient(credential, SUBSCRIPTION, **_client_kwargs(emulator))


@pytest.fixture(scope="session")
def group(resources):
    """A resource group in westeurope that the per-type tests create their resources in."""
    rg = resources.resource_groups.create_or_update("conformance", {"location": "westeurope"})
    yield rg.name
    resources.resource_groups.begin_delete(rg.name).result()


def expect_arm_error(call, status, code):
    """Runs call(); it must raise the SDK's HttpResponseError with ARM's status and code."""
    with pytest.raises(HttpResponseError) as info:
        call()
    err = info.value
    assert err.status_code == status, err.message
    assert err.error is not None and err.error.code == code, err.message
    return err


# The chain the dependent types need, made through the SDKs once per session.

@pytest.fixture(scope="session")
def gallery(compute, group):
    return compute.galleries.begin_create_or_update(
        group, "conformance_gallery", {"location": "westeurope"}).result()


@pytest.fixture(scope="session")
def image_definition(compute, group, gallery):
    body = models.GalleryImage(
        location="westeurope",
        properties=models.GalleryImageProperties(
            os_type="Linux", os_state="Generalized", hyper_v_generation="V2",
            identifier=models.GalleryImageIdentifier(publisher="contoso", offer="batch-nodes",
                                                     sku="22_04")))
    return compute.gallery_images.begin_create_or_update(
        group, gallery.name, "ubuntu-2204", body).result()


@pytest.fixture(scope="session")
def managed_image(compute, group):
    body = models.Image(
        location="westeurope",
        properties=models.ImageProperties(
            hyper_v_generation="V2",
            storage_profile=models.ImageStorageProfile(os_disk=models.ImageOSDisk(
                os_type="Linux", os_state="Generalized",
                snapshot=models.SubResource(id=SNAPSHOT_ID)))))
    return compute.images.begin_create_or_update(group, "ubuntu-image", body).result()


def version_body(image_id, regions):
    return models.GalleryImageVersion(
        location="westeurope",
        properties=models.GalleryImageVersionProperties(
            publishing_profile=models.GalleryImageVersionPublishingProfile(target_regions=[
                models.TargetRegion(name=r, regional_replica_count=1) for r in regions]),
            storage_profile=models.GalleryImageVersionStorageProfile(
                source=models.GalleryArtifactVersionFullSource(id=image_id))))


@pytest.fixture(scope="session")
def image_version(compute, group, gallery, image_definition, managed_image):
    return compute.gallery_image_versions.begin_create_or_update(
        group, gallery.name, image_definition.name, "1.0.0",
        version_body(managed_image.id, ["westeurope", "northeurope"])).result()


@pytest.fixture(scope="session")
def account(batch, group):
    return batch.batch_account.begin_create(
        group, "conformancebatch", {"location": "westeurope"}).result()


_SUMMARY = {}


def pytest_terminal_summary(terminalreporter):
    """Prints what the emulator served: ARM calls by method and status, api-versions used."""
    for key, value in _SUMMARY.items():
        terminalreporter.write_line(f"emulator {key}: {json.dumps(value)}")


@pytest.fixture(scope="session", autouse=True)
def _count_requests(emulator):
    yield
    counts = emulator.admin("GET", "counts")
    _SUMMARY["requests"] = counts.get("requests", counts)
    versions = set()
    for entry in emulator.admin("GET", "requests").get("requests", []):
        if entry.get("api_version") and entry.get("path", "").startswith("/subscriptions/"):
            versions.add(entry["api_version"])
    _SUMMARY["api-versions"] = sorted(versions)
