#!/usr/bin/env bash
# Installs the front-end packages from npm (when missing or out of date) and
# copies what the site serves into web/static/vendor (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.trama-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "assets: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

vendor=web/static/vendor
bi=node_modules/bootstrap-italia/dist
if [ ! -f node_modules/.trama-vendor ] || ! cmp -s package-lock.json node_modules/.trama-vendor; then
  echo "assets: copying Bootstrap Italia and Leaflet into $vendor"
  rm -rf "$vendor"
  # Only the CSS, fonts and icons: Bootstrap Italia's JavaScript injects
  # inline styles, which the Content-Security-Policy forbids; Trama's pages
  # need no JavaScript of it.
  mkdir -p "$vendor/bootstrap-italia/css" "$vendor/bootstrap-italia/svg" "$vendor/leaflet"
  cp "$bi/css/bootstrap-italia.min.css" "$vendor/bootstrap-italia/css/"
  cp "$bi/svg/sprites.svg" "$vendor/bootstrap-italia/svg/"
  for family in Titillium_Web Roboto_Mono Lora; do
    mkdir -p "$vendor/bootstrap-italia/fonts/$family"
    cp "$bi/fonts/$family/"*.woff2 "$vendor/bootstrap-italia/fonts/$family/"
    cp "$bi/fonts/$family/"*.txt "$vendor/bootstrap-italia/fonts/$family/" 2>/dev/null || true
  done
  cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
  cp -r node_modules/leaflet/dist/images "$vendor/leaflet/"
  cp package-lock.json node_modules/.trama-vendor
fi
