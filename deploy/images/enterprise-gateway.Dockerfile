# Enterprise Gateway with Collaboratory's kernelspecs. Build from the repository root:
#   docker build -f deploy/images/enterprise-gateway.Dockerfile \
#     -t registry.example.org/collaboratory/enterprise-gateway:0.1.0 .
# Set the kernel images' names in deploy/kernelspecs/*/kernel.json (image_name) first.
ARG EG_VERSION=3.3.0
FROM elyra/enterprise-gateway:${EG_VERSION}
ARG KERNELS=/usr/local/share/jupyter/kernels
USER root
COPY deploy/kernelspecs/ /tmp/kernelspecs/
# Each of our kernelspecs gets the gateway's own Kubernetes launcher beside our pod template.
RUN set -e; for spec in /tmp/kernelspecs/collaboratory-*/; do \
        name="$(basename "$spec")"; \
        mkdir -p "$KERNELS/$name/scripts"; \
        cp "$spec/kernel.json" "$KERNELS/$name/"; \
        cp /tmp/kernelspecs/kernel-pod.yaml.j2 "$KERNELS/$name/scripts/"; \
        cp "$KERNELS/python_kubernetes/scripts/launch_kubernetes.py" "$KERNELS/$name/scripts/"; \
    done; rm -rf /tmp/kernelspecs
USER 1000
