# The worker-extract image: Debian with SExtractor and PSFEx from the distribution's packages (the binary is
# /usr/bin/source-extractor on Debian; there is no `sex`), a Java 17 runtime, and the worker built from this
# repository. The other services are built by Jib (mvn -Pimages); this one needs the astronomy tools, so it is
# a Dockerfile. Build from the repository root, tagging with the images' tag (the project version in lower case):
#   VERSION=$(mvn -q help:evaluate -Dexpression=vasco.image.tag -DforceStdout)
#   docker build -f deploy/docker/worker-extract.Dockerfile --build-arg VERSION=$VERSION -t vasco/worker-extract:$VERSION .
# For amd64 and arm64 at once (Debian has source-extractor and psfex for both), push a multi-platform image:
#   docker buildx build --platform linux/amd64,linux/arm64 -f deploy/docker/worker-extract.Dockerfile \
#     --build-arg VERSION=$VERSION -t registry.example.org/vasco/worker-extract:$VERSION --push .
ARG VERSION=0.1.0-snapshot

# The Java build runs once, on the builder's own platform: the jars are the same for every target platform.
FROM --platform=$BUILDPLATFORM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Only worker-extract and what it needs (common); the images profile adds the logging backend (Jib itself runs
# only when asked for with jib:build). Each module copies its runtime dependencies to its own target/dependency;
# only worker-extract's are taken (testkit is built by -am for the tests but is not a runtime dependency).
RUN mvn -B -q -DskipTests -Pimages -pl worker-extract -am package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /app \
 && cp -r worker-extract/target/dependency /app/lib \
 && cp worker-extract/target/worker-extract-*.jar /app/worker-extract.jar

FROM debian:bookworm-slim
ARG VERSION
LABEL org.opencontainers.image.title="vasco/worker-extract" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.description="VASCO worker for steps 2-3: SExtractor pass 1, PSFEx, SExtractor pass 2"
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless source-extractor psfex ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 vasco \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vasco
COPY --from=build /app /app
# Kubernetes mounts the artefact volume at /data and an emptyDir at /tmp; the root filesystem stays read-only.
# The tools are where Debian puts them (no `sex` here, so no search is needed).
ENV VASCO_DATA=/data \
    VASCO_HTTP_PORT=8080 \
    VASCO_HTTP_BIND=0.0.0.0 \
    VASCO_SEX_BINARY=/usr/bin/source-extractor \
    VASCO_PSFEX_BINARY=/usr/bin/psfex
USER 10001:10001
EXPOSE 8080
# The same logging options as the Jib images (root pom, profile images): slf4j-simple to stderr.
ENTRYPOINT ["java", "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSX", \
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", \
            "-cp", "/app/worker-extract.jar:/app/lib/*", "org.vasco.extract.ExtractWorker"]
