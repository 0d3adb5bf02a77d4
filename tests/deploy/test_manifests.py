"""deploy/: every manifest is valid Kubernetes (offline schemas from kubernetes-validate), the
service's config parses with our settings loader, the kernelspecs are kernelspecs Enterprise
Gateway can launch, and a rendered kernel pod is a valid, locked-down pod.

No cluster here: this proves everything up to ``kubectl apply``, not what a cluster does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jinja2
import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]
from jupyter_client.kernelspec import KernelSpec

from collaboratory.config import load_settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES = "1.30"  # the oldest Kubernetes these manifests are checked against
NOT_MANIFESTS = {"kustomization.yaml"}
GPU_TYPES = {"gpu", "gpu-highram"}


def manifest_files() -> list[Path]:
    return sorted(
        p
        for p in DEPLOY.rglob("*.yaml")
        if p.name not in NOT_MANIFESTS and "grafana" not in p.relative_to(DEPLOY).parts
    )


def documents() -> list[dict[str, Any]]:
    return [d for p in manifest_files() for d in yaml.safe_load_all(p.read_text()) if d]


def find(kind: str, name: str) -> dict[str, Any]:
    found = [d for d in documents() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def kustomization() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    return loaded


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_manifest_is_valid_kubernetes(path: Path) -> None:
    for document in yaml.safe_load_all(path.read_text()):
        # strict: a misspelt or misplaced field is an error, as kubectl --validate=strict says
        kubernetes_validate.validate(document, KUBERNETES, strict=True)


def test_kustomization_lists_every_manifest_and_names_every_image() -> None:
    listed = {DEPLOY / r for r in kustomization()["resources"]}
    assert listed == set(manifest_files())
    images = {i["name"] for i in kustomization()["images"]}
    for document in documents():
        spec = document.get("spec", {}).get("template", {}).get("spec", {})
        for container in spec.get("containers", []):
            assert container["image"] in images, container["image"]


def test_secrets_hold_every_key_the_pods_read() -> None:
    secrets = {
        d["metadata"]["name"]: set(d["stringData"]) for d in documents() if d["kind"] == "Secret"
    }
    for document in documents():
        for container in (
            document.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
        ):
            for var in container.get("env", []):
                ref = var.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]], (container["name"], ref)
            for source in container.get("envFrom", []):
                assert source["secretRef"]["name"] in secrets


def config_toml() -> str:
    text: str = find("ConfigMap", "collaboratory-config")["data"]["config.toml"]
    return text


def test_the_service_config_parses_with_our_settings_loader(tmp_path: Path) -> None:
    raw = tomllib.loads(config_toml())
    assert raw["runtimes"]["backend"] == "gateway"
    assert raw["runtimes"]["gateway"]["url"] == "http://enterprise-gateway:8888"
    assert "auth_token" not in raw["runtimes"]["gateway"]  # it comes from the Secret
    config = tmp_path / "config.toml"
    config.write_text(config_toml())
    settings = load_settings(config, data_dir=tmp_path / "data")
    assert settings.runtimes.backend == "gateway"
    gateway_env = {
        e["name"]: e.get("value")
        for e in find("Deployment", "enterprise-gateway")["spec"]["template"]["spec"]["containers"][
            0
        ]["env"]
    }
    launch = settings.runtimes.gateway.launch_timeout_seconds
    assert launch == float(gateway_env["EG_KERNEL_LAUNCH_TIMEOUT"])  # neither gives up first
    assert settings.accelerators.gpu == ["0", "1", "2", "3"]


def kernelspecs() -> dict[str, dict[str, Any]]:
    return {
        p.parent.name: json.loads(p.read_text())
        for p in sorted((DEPLOY / "kernelspecs").glob("*/kernel.json"))
    }


def test_kernelspecs_are_kernelspecs_the_gateway_launches_on_kubernetes() -> None:
    specs = kernelspecs()
    gateway_env = {
        e["name"]: e.get("value")
        for e in find("Deployment", "enterprise-gateway")["spec"]["template"]["spec"]["containers"][
            0
        ]["env"]
    }
    assert set(json.loads(gateway_env["EG_ALLOWED_KERNELS"])) == set(specs)
    assert gateway_env["EG_DEFAULT_KERNEL_NAME"] in specs
    assert tomllib.loads(config_toml())["runtimes"]["gateway"]["kernelspecs"] == {
        name.removeprefix("collaboratory-"): name for name in specs
    }
    for name, spec in specs.items():
        kernelspec = KernelSpec(resource_dir=str(DEPLOY / "kernelspecs" / name), **spec)
        assert kernelspec.language == "python" and kernelspec.display_name
        proxy = kernelspec.metadata["process_proxy"]
        assert proxy["class_name"].endswith("processproxies.k8s.KubernetesProcessProxy")
        image = (
            "kernel-ml" if name.removeprefix("collaboratory-") in GPU_TYPES else "kernel-standard"
        )
        assert f"/{image}:" in proxy["config"]["image_name"]
        # the launcher the gateway image gets beside our pod template, in this spec's own dir
        assert (
            kernelspec.argv[1]
            == f"/usr/local/share/jupyter/kernels/{name}/scripts/launch_kubernetes.py"
        )
        assert "{response_address}" in kernelspec.argv and "{public_key}" in kernelspec.argv


def render_kernel_pod(**kernel_env: str) -> dict[str, Any]:
    """The pod as EG's launch_kubernetes.py renders it: KERNEL_* variables, lower-cased and
    YAML-parsed, into the template, with the same Jinja settings."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(DEPLOY / "kernelspecs"),
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    values = {k.lower(): yaml.safe_load(v) for k, v in kernel_env.items()}
    pod: dict[str, Any] = yaml.safe_load(env.get_template("kernel-pod.yaml.j2").render(**values))
    return pod


def gateway_values(spec: str, **extra: str) -> dict[str, str]:
    return {
        "KERNEL_ID": "0b0e2f4e-2b7c-4bd5-9a43-e1c1d0a7c7f1",
        "KERNEL_POD_NAME": "alice-0b0e2f4e",
        "KERNEL_NAMESPACE": "collaboratory",
        "KERNEL_IMAGE": kernelspecs()[spec]["metadata"]["process_proxy"]["config"]["image_name"],
        "KERNEL_USERNAME": "alice",
        **kernelspecs()[spec]["env"],
        **extra,
    }


def test_a_cpu_kernel_pod_is_valid_and_locked_down() -> None:
    pod = render_kernel_pod(**gateway_values("collaboratory-cpu"))
    kubernetes_validate.validate(pod, KUBERNETES, strict=True)
    spec, container = pod["spec"], pod["spec"]["containers"][0]
    assert spec["automountServiceAccountToken"] is False
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert container["resources"]["limits"] == {"cpu": "2", "memory": "4Gi"}
    assert "tolerations" not in spec
    assert container["image"].endswith("/kernel-standard:0.1.0")


@pytest.mark.parametrize("spec", ["collaboratory-gpu", "collaboratory-gpu-highram"])
def test_a_gpu_kernel_pod_asks_for_the_gpus_collaboratory_passes(spec: str) -> None:
    pod = render_kernel_pod(**gateway_values(spec, KERNEL_GPUS="1"))
    kubernetes_validate.validate(pod, KUBERNETES, strict=True)
    container = pod["spec"]["containers"][0]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert pod["spec"]["tolerations"][0]["key"] == "nvidia.com/gpu"
    assert container["image"].endswith("/kernel-ml:0.1.0")


def test_a_hostile_user_name_cannot_add_fields_to_the_pod() -> None:
    name = 'x"\n  hostNetwork: true\n  x: "'  # JSON-quoted: the launcher YAML-parses values
    pod = render_kernel_pod(**gateway_values("collaboratory-cpu", KERNEL_USERNAME=json.dumps(name)))
    assert "hostNetwork" not in pod["spec"]
    kubernetes_validate.validate(pod, KUBERNETES, strict=True)


def test_network_policies_select_kernel_pods_and_keep_them_from_the_service_and_database() -> None:
    labels = render_kernel_pod(**gateway_values("collaboratory-cpu"))["metadata"]["labels"]
    kernels = find("NetworkPolicy", "kernels")["spec"]
    assert kernels["podSelector"]["matchLabels"].items() <= labels.items()
    assert set(kernels["policyTypes"]) == {"Ingress", "Egress"}
    allowed_pods = [
        peer["podSelector"]["matchLabels"]
        for rule in kernels["egress"]
        for peer in rule["to"]
        if "podSelector" in peer and "namespaceSelector" not in peer
    ]
    assert allowed_pods == [{"app.kubernetes.io/name": "enterprise-gateway"}]
    internet = next(p["ipBlock"] for r in kernels["egress"] for p in r["to"] if "ipBlock" in p)
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(
        internet["except"]
    )
    database = find("NetworkPolicy", "postgres")["spec"]["ingress"]
    assert [p["podSelector"]["matchLabels"] for r in database for p in r["from"]] == [
        {"app.kubernetes.io/name": "collaboratory"}
    ]
    service = find("NetworkPolicy", "collaboratory")["spec"]["ingress"][0]["from"][0]
    assert service["podSelector"]["matchExpressions"] == [
        {"key": "component", "operator": "NotIn", "values": ["kernel"]}
    ]


def test_the_ingress_keeps_websockets_open() -> None:
    annotations = find("Ingress", "collaboratory")["metadata"]["annotations"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600


def clean_env() -> dict[str, str]:
    """The environment without the test session's COLLABORATORY_* (its slim test images)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COLLABORATORY_")}


@pytest.mark.parametrize("image", ["standard", "ml"])
def test_the_kernel_image_build_exports_the_runtime_image(tmp_path: Path, image: str) -> None:
    script = DEPLOY / "images" / "export_runtime_image.py"
    argv = [sys.executable, str(script), image, str(tmp_path)]
    subprocess.run(argv, check=True, env=clean_env())
    requirements = (tmp_path / "requirements.txt").read_text().split()
    assert "numpy" in requirements and ("torch" in requirements) == (image == "ml")
    assert (tmp_path / "site" / "google" / "colab" / "__init__.py").is_file()
    assert (tmp_path / "site" / "collaboratory_runtime" / "__init__.py").is_file()


def test_an_unknown_runtime_image_is_refused_by_name(tmp_path: Path) -> None:
    script = DEPLOY / "images" / "export_runtime_image.py"
    result = subprocess.run(
        [sys.executable, str(script), "nope", str(tmp_path)],
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    assert result.returncode != 0 and "No runtime image 'nope'" in result.stderr
