# The alpost container image, for CI systems that run jobs in containers (GitLab CI): the
# static musl binary on a distroless base. Build it from the repository root:
#
#   docker build -t alpost .
#
# The build stage runs the commands that .ci/dist runs to build and check the same static
# binary (it runs the `cargo build` line below verbatim). The `debug` variant of the base has a
# busybox shell, which GitLab's runner needs to run a job's `script:`; the binary itself needs
# nothing from the image.
FROM rust:1-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --profile dist --locked --target x86_64-unknown-linux-musl

FROM gcr.io/distroless/static-debian12:debug
COPY --from=build /src/target/x86_64-unknown-linux-musl/dist/alpost /usr/local/bin/alpost
WORKDIR /drafts
ENTRYPOINT ["/usr/local/bin/alpost"]
CMD ["check"]
