#!/usr/bin/env bash
# Builds a local stand-in for the suite's pinned base image, for machines that cannot pull it (an air gap, or no
# access to registry.access.redhat.com), and stores it in podman's image store under the same name, so that the
# Jib build (quarkus.jib.base-jvm-image) finds it there unchanged.
#
#   deploy/images/stand-in-base.sh <image name> <state dir>
#
# What it holds, like the original: a Java runtime of the build JDK's version with every module (jlink, no
# debug symbols), JAVA_HOME and PATH set, curl for health checks, user 185 in group 0 with home /home/default,
# working directory /home/default. Only the OS differs: a minimal Debian (debootstrap) instead of UBI 9.
# Quarkus 3.33's Jib starts Java 25 images with `java ... -jar /deployments/quarkus-run.jar` rather than the UBI
# run-java.sh script (it uses that script only for its 17 and 21 bases), so the stand-in needs no such script.
set -euo pipefail
name="${1:?usage: stand-in-base.sh <image name> <state dir>}"
state="${2:?usage: stand-in-base.sh <image name> <state dir>}"
: "${JAVA_HOME:?JAVA_HOME must point at the build JDK}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if podman image exists "$name"; then
  echo "stand-in base $name already in podman's store" >&2
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is needed: apt-get install debootstrap" >&2; exit 1; }

rootfs="$state/rootfs-$suite"
if [[ ! -x "$rootfs/bin/sh" ]]; then
  echo "Creating a minimal Debian $suite root filesystem (once; a few minutes)..." >&2
  rm -rf "$rootfs.tmp"
  debootstrap --variant=minbase --include=ca-certificates,curl "$suite" "$rootfs.tmp" "$mirror" >&2
  rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*
  mv "$rootfs.tmp" "$rootfs"
fi

work="$(mktemp -d "$state/base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$rootfs" "$work/rootfs"
version="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
runtime="/usr/lib/jvm/jre-$version"
# Every module but jlink and jpackage (which needs jlink): a JDK without packaged modules (JEP 493) cannot copy jlink.
modules="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -vxE 'jdk.jlink|jdk.jpackage' | paste -sd, -)"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$work/rootfs$runtime"
chroot "$work/rootfs" /bin/sh -c 'echo "default:x:185:0:Default user:/home/default:/usr/sbin/nologin" >> /etc/passwd
  mkdir -p /home/default /deployments && chown 185:0 /home/default /deployments && chmod 775 /home/default /deployments'
tar -C "$work/rootfs" --numeric-owner -cf "$work/rootfs.tar" .
podman import \
  --change "ENV JAVA_HOME=$runtime" \
  --change "ENV PATH=$runtime/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV JAVA_VERSION=$version" \
  --change "USER 185" \
  --change "WORKDIR /home/default" \
  --change "LABEL org.opencontainers.image.description=Local stand-in for $name: Debian $suite with a Java $version runtime" \
  "$work/rootfs.tar" "$name" >&2
echo "stand-in base $name built" >&2
