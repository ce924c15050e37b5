# Trama in a container: assets from npm, a static Go binary, a distroless
# non-root runtime. Build: docker build -t trama .
# Run:  docker run -p 8080:8080 -v trama-data:/data -e TRAMA_BASE_URL=https://… trama

FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/assets.sh scripts/
COPY web/static web/static
RUN ./scripts/assets.sh

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/web/static/vendor web/static/vendor
ARG VERSION=container
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/trama ./cmd/trama

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/trama /usr/local/bin/trama
USER nonroot:nonroot
VOLUME /data
ENV TRAMA_ADDR=0.0.0.0:8080 TRAMA_DB=/data/trama.db
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/trama"]
CMD ["serve"]
