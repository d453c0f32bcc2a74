# syntax=docker/dockerfile:1
# Multi-stage build: compile on Debian 12, run on a CUDA-capable Debian 12 runtime as a non-root user.
# Build with GPU kernels by passing --build-arg TOOLGATE_CUDA=ON on a builder that has the CUDA toolkit.

FROM debian:12 AS build
ARG TOOLGATE_CUDA=OFF
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOOLGATE_TESTS=OFF -DTOOLGATE_CUDA=${TOOLGATE_CUDA} \
 && cmake --build build -j "$(nproc)" \
 && strip build/toolgate

# The runtime stage carries only shared libraries. NVIDIA's container runtime mounts the driver
# (libcuda) into any image at run time, so the same stage serves CPU and GPU hosts.
FROM debian:12-slim AS runtime
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates libboost-json1.81.0 libboost-url1.81.0 libsimdjson14 libssl3 \
      libprometheus-cpp-core1.0 libyaml-cpp0.7 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/toolgate --create-home toolgate
ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility
COPY --from=build /src/build/toolgate /usr/local/bin/toolgate
COPY config/toolgate.yaml /etc/toolgate/toolgate.yaml
USER toolgate
WORKDIR /var/lib/toolgate
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/toolgate", "serve", "--config", "/etc/toolgate/toolgate.yaml"]
CMD ["--listen", "127.0.0.1:8080"]
