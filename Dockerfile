# guardrails: `check` (CI) and `serve` (the admission webhook) in one Native AOT executable, on a chiseled
# Ubuntu base with no shell and no package manager, running as a non-root numeric user.
#
#   docker build -t guardrails:dev .
#   docker run --rm -v "$PWD:/work:ro" guardrails:dev check .          # CI: judge the manifests under $PWD
#   docker run --rm guardrails:dev serve --tls-cert ... --tls-key ...  # the webhook (the Helm chart runs this)
#
# Both architectures: docker buildx build --platform linux/amd64,linux/arm64 -t IMAGE .
# Each architecture is compiled natively (under emulation for the foreign one): Native AOT does not
# cross-compile without a cross toolchain, so the build stage is not pinned to the build platform.
# docs/install.md (installing) and docs/operations.md (running it) say more.

# The build and the runtime image are both Ubuntu 24.04 (noble), so the executable links against the glibc
# and OpenSSL it runs with. (.NET 10 images are Ubuntu-based; `sdk:10.0` is the same image as `sdk:10.0-noble`.)
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TARGETARCH
# Native AOT's prerequisites, in their own layer so source changes do not reinstall them.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /source
COPY . .
# The publish command CI runs too (.ci/run): dotnet publish src/Guardrails.Cli -c Release -r RID -p:PublishAot=true
RUN TARGETARCH="$TARGETARCH" build/publish.sh /out

# runtime-deps holds what a self-contained .NET executable needs (glibc, OpenSSL, CA certificates) and nothing
# else. The built-in policy pack is compiled into the executable; the image needs no other file.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="guardrails" \
      org.opencontainers.image.description="Kubernetes guardrails from one policy set: guardrails check in CI, guardrails serve as the admission webhook" \
      org.opencontainers.image.source="https://github.com/guardrails-dev/guardrails" \
      org.opencontainers.image.documentation="https://github.com/guardrails-dev/guardrails/blob/main/docs/install.md" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.licenses="NOASSERTION"
COPY --from=build /out/guardrails /guardrails
# Where `docker run -v "$PWD:/work"` mounts manifests, so reports name files relative to the repository.
WORKDIR /work
# 65532: the conventional distroless non-root user; numeric, so Kubernetes can verify runAsNonRoot.
# Nothing is written at run time: the image works with a read-only root filesystem.
USER 65532:65532
# The user has no passwd entry, so no home directory, and .NET's TLS chain building (serve) stops with "The
# home directory of the current user could not be determined" when HOME is unset: it looks up the user's
# certificate stores there. It only reads; /tmp exists in the image (and is an emptyDir in the Helm chart).
ENV HOME=/tmp
# 8443: the webhook (HTTPS). 9090: metrics and probes over plain HTTP, when serve is given --metrics-port 9090.
EXPOSE 8443 9090
ENTRYPOINT ["/guardrails"]
CMD ["--help"]
