# The Collaboratory service. Build from the repository root:
#   docker build -f deploy/images/service.Dockerfile -t registry.example.org/collaboratory/service:0.1.0 .
FROM node:20-bookworm-slim AS frontend
WORKDIR /build/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# vite writes the built SPA to ../src/collaboratory/server/static
RUN mkdir -p ../src/collaboratory/server && npm run build

FROM python:3.11-slim-bookworm
RUN useradd --uid 1000 --user-group --create-home collaboratory
WORKDIR /build
COPY pyproject.toml README.md hatch_build.py ./
COPY src/ src/
COPY --from=frontend /build/src/collaboratory/server/static src/collaboratory/server/static
# The front end is built already, so the package's build hook needs no npm here.
RUN pip install --no-cache-dir ".[postgres]" && cd / && rm -rf /build
WORKDIR /
USER 1000
EXPOSE 8000
ENTRYPOINT ["collaboratory"]
CMD ["serve", "--config", "/etc/collaboratory/config.toml"]
