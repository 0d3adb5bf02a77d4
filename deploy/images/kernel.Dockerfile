# A kernel image for Enterprise Gateway: one runtime image (standard or ml) as a container.
# Build from the repository root after the service image, which supplies the image's package
# list and the in-runtime library (google.colab):
#   docker build -f deploy/images/kernel.Dockerfile --build-arg IMAGE=standard \
#     -t registry.example.org/collaboratory/kernel-standard:0.1.0 .
#   docker build -f deploy/images/kernel.Dockerfile --build-arg IMAGE=ml \
#     -t registry.example.org/collaboratory/kernel-ml:0.1.0 .
# A site that defines its own [runtimes.images.<name>] puts its config.toml under deploy/ and
# adds --build-arg CONFIG=<its path below deploy/>.
ARG SERVICE=registry.example.org/collaboratory/service:0.1.0
ARG EG_VERSION=3.3.0

FROM ${SERVICE} AS service
ARG IMAGE=standard
ARG CONFIG=
USER root
COPY deploy/ /tmp/deploy/
RUN python /tmp/deploy/images/export_runtime_image.py "$IMAGE" /out ${CONFIG:+/tmp/deploy/$CONFIG}

# Enterprise Gateway's kernel launcher (launch_ipykernel.py and bootstrap-kernel.sh): the
# kernel reports its connection information to the gateway through it.
FROM elyra/kernel-py:${EG_VERSION} AS eg-kernel

FROM python:3.11-slim-bookworm
RUN useradd --uid 1000 --user-group --create-home --home-dir /home/runtime runtime \
    && mkdir /content && chown runtime:runtime /content
COPY --from=service /out /opt/runtime-image
# Enterprise Gateway's process proxy needs ipykernel 6 (its launcher and 7.x disagree about
# the kernel's idle state), and pycryptodomex to encrypt the connection information.
RUN pip install --no-cache-dir -r /opt/runtime-image/requirements.txt \
        "ipykernel>=6.29,<7" "jupyter_client>=8,<9" "pyzmq<28" pycryptodomex \
    && site="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    && cp -r /opt/runtime-image/site/. "$site" \
    && python -m compileall -q "$site/google" "$site/collaboratory_runtime"
COPY --from=eg-kernel /usr/local/bin/bootstrap-kernel.sh /usr/local/bin/bootstrap-kernel.sh
COPY --from=eg-kernel /usr/local/bin/kernel-launchers /usr/local/bin/kernel-launchers
USER 1000
WORKDIR /content
ENV KERNEL_LANGUAGE=python HOME=/home/runtime
CMD ["/usr/local/bin/bootstrap-kernel.sh"]
