"""A small kustomize subset for rendering deploy/k8s offline in tests.

Supported: resources (files and directories holding a kustomization.yaml), namespace,
namePrefix (names only), commonLabels (metadata, selectors, pod templates), images
(name -> newName/newTag), replicas, and patches given by path or inline as strategic merges
(maps merged, lists of named items merged by name, other lists replaced).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume"}
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}


def render(path: Path) -> list[dict]:
    path = Path(path)
    kfile = path / "kustomization.yaml"
    k = yaml.safe_load(kfile.read_text())
    docs: list[dict] = []
    for res in k.get("resources", []):
        target = (path / res).resolve()
        if target.is_dir():
            docs.extend(render(target))
        else:
            docs.extend(d for d in yaml.safe_load_all(target.read_text()) if d)
    for p in k.get("patches", []) + [{"path": x} for x in k.get("patchesStrategicMerge", [])]:
        patch_docs = (
            [yaml.safe_load(p["patch"])] if "patch" in p else list(yaml.safe_load_all((path / p["path"]).read_text()))
        )
        for patch in patch_docs:
            target = _find(docs, patch["kind"], patch["metadata"]["name"])
            merged = strategic_merge(target, patch)
            target.clear()
            target.update(merged)
    for r in k.get("replicas", []):
        for d in docs:
            if d["kind"] in WORKLOADS and d["metadata"]["name"] == r["name"]:
                d["spec"]["replicas"] = r["count"]
    for img in k.get("images", []):
        for container in _containers(docs):
            repo, _, tag = container["image"].partition(":")
            if repo == img["name"]:
                container["image"] = f"{img.get('newName', repo)}:{img.get('newTag', tag or 'latest')}"
    labels = k.get("commonLabels", {})
    for d in docs:
        if labels:
            _add_labels(d, labels)
        if k.get("namePrefix") and d["kind"] != "Namespace":
            d["metadata"]["name"] = k["namePrefix"] + d["metadata"]["name"]
        if k.get("namespace") and d["kind"] not in CLUSTER_SCOPED:
            d["metadata"]["namespace"] = k["namespace"]
    return docs


def _find(docs, kind, name):
    for d in docs:
        if d["kind"] == kind and d["metadata"]["name"] == name:
            return d
    raise KeyError(f"patch target {kind}/{name} not found")


def _containers(docs):
    for d in docs:
        spec = d.get("spec", {})
        pod = spec.get("template", {}).get("spec", {}) if d["kind"] in WORKLOADS | {"Job"} else {}
        yield from pod.get("containers", [])
        yield from pod.get("initContainers", [])


def strategic_merge(base, patch):
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for key, value in patch.items():
            out[key] = strategic_merge(out[key], value) if key in out else copy.deepcopy(value)
        return out
    if (
        isinstance(base, list)
        and isinstance(patch, list)
        and all(isinstance(x, dict) and "name" in x for x in base + patch)
    ):
        out = copy.deepcopy(base)
        for item in patch:
            for i, existing in enumerate(out):
                if existing["name"] == item["name"]:
                    out[i] = strategic_merge(existing, item)
                    break
            else:
                out.append(copy.deepcopy(item))
        return out
    return copy.deepcopy(patch)


def _add_labels(d, labels):
    d["metadata"].setdefault("labels", {}).update(labels)
    spec = d.get("spec") or {}
    kind = d["kind"]
    if kind == "Service":
        spec.setdefault("selector", {}).update(labels)
    if kind in WORKLOADS:
        spec.setdefault("selector", {}).setdefault("matchLabels", {}).update(labels)
    if kind in WORKLOADS or kind == "Job":
        spec["template"].setdefault("metadata", {}).setdefault("labels", {}).update(labels)
    if kind == "PodDisruptionBudget":
        spec.setdefault("selector", {}).setdefault("matchLabels", {}).update(labels)
