# The service and its workers in one image: build with the Maven wrapper, run on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
# not root: the service and its workers run as an ordinary user with a home for DJL's cache and /data for state
RUN useradd --create-home --uid 10001 dse && mkdir -p /data && chown dse /data
WORKDIR /app
COPY --from=build /src/dse-api/target/dse-api.jar /app/dse-api.jar
COPY --from=build /src/dse-api/target/lib /app/lib
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296
# DJL stays offline on CPU (libtorch ships in the jar); the GPU worker turns this off to fetch CUDA libtorch
ENV DJL_OFFLINE=true
USER dse
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dai.djl.offline=$DJL_OFFLINE -cp '/app/dse-api.jar:/app/lib/*' io.squeezenet.dse.DseMain \"$@\"", "dse"]
