# shellcheck shell=bash disable=SC2034,SC2016 # settings used by scripts/images; $ in single quotes is for the container
# tessera/python: Debian 12 minbase + Python 3.11, NumPy and the Jupyter notebook, labelled as a Backend.AI
# python kernel image with a jupyter service port.

PYTHON_TAGS=(tessera/python:3.11-debian12 tessera/python:latest)
# gdb-minimal: python3-ipykernel -> python3-debugpy -> python3-pydevd needs "gdb | gdb-minimal"; naming the minimal
# one keeps the full gdb (and Boost, source-highlight) out.
PYTHON_PACKAGES=(python3 python3-numpy jupyter-notebook python3-ipykernel ca-certificates procps gdb-minimal)
PYTHON_CONTEXT_FILES=(Dockerfile jupyter.json)
PYTHON_SUMMARY="Debian 12 (minbase) with ${PYTHON_PACKAGES[*]}"

# python_rootfs_key: what the cached rootfs tarball depends on (not the mirror URL: any mirror serves the same suite).
python_rootfs_key() {
  printf 'python rootfs\nsuite %s\narch %s\nvariant minbase+apt\npackages %s\nprep %s\nsecurity %s\n' \
    "$IMAGES_SUITE" "$(dpkg --print-architecture)" "${PYTHON_PACKAGES[*]}" "$ROOTFS_PREP_VERSION" \
    "$([[ -n $DEBIAN_SECURITY_MIRROR ]] && echo yes || echo no)" | sha256_of_stdin
}

# python_make_rootfs ROOTFS LOG: debootstrap minbase, then apt-get inside it installs the packages with the suite's
# updates and security fixes. (debootstrap --include cannot do it: its resolver does not follow virtual packages
# such as python3-cffi-backend-api-min, and would pick gdb over gdb-minimal.)
python_make_rootfs() {
  local r=$1 log=$2 arch
  arch=$(dpkg --print-architecture)
  say "python: debootstrap --variant=minbase $IMAGES_SUITE from $DEBIAN_MIRROR (output in $log)"
  printf '\n===== %s: debootstrap %s %s\n' "$(date -u +%FT%TZ)" "$IMAGES_SUITE" "$DEBIAN_MIRROR" >>"$log"
  if ! debootstrap --variant=minbase --arch="$arch" --components=main \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$IMAGES_SUITE" "$r" "$DEBIAN_MIRROR" >>"$log" 2>&1; then
    # The details are in the rootfs, which is about to be deleted.
    [[ -f $r/debootstrap/debootstrap.log ]] && cat "$r/debootstrap/debootstrap.log" >>"$log"
    fail_with_log "$log" "python: debootstrap failed"
  fi
  substep "python: debootstrap done"
  # From here on dpkg leaves out docs, man pages and translations (write_dpkg_excludes).
  write_dpkg_excludes "$r"
  rm -f "$r/etc/apt/sources.list"
  write_deb822_sources "$r/etc/apt/sources.list.d/debian.sources"
  say "python: apt-get install --no-install-recommends ${PYTHON_PACKAGES[*]} (with $IMAGES_SUITE-updates${DEBIAN_SECURITY_MIRROR:+ and $IMAGES_SUITE-security})"
  chroot_apt_install "$r" "$log" "${PYTHON_PACKAGES[@]}"
  substep "python: apt-get install done"
  [[ -x $r/usr/bin/python3.11 ]] || fail "python: the rootfs has no /usr/bin/python3.11 (is $IMAGES_SUITE still Python 3.11?); the tag ${PYTHON_TAGS[0]} would be wrong"
  chroot "$r" dpkg-query -W -f '${Package} ${Version}\n' >"$r.packages"
  trim_rootfs "$r"
  : >"$r/etc/resolv.conf"
  printf 'localhost\n' >"$r/etc/hostname"
}

# chroot_apt_install ROOTFS LOG PACKAGE...: apt-get update, upgrade and install inside ROOTFS, with /proc mounted
# and daemons blocked.
chroot_apt_install() {
  local r=$1 log=$2
  shift 2
  local apt=(chroot "$r" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get -q -y
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o APT::Install-Recommends=false)
  cp -L /etc/resolv.conf "$r/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
  mount -t proc proc "$r/proc"
  MOUNTED+=("$r/proc")
  logged "$log" "${apt[@]}" update --error-on=any
  logged "$log" "${apt[@]}" upgrade
  logged "$log" "${apt[@]}" install "$@"
  logged "$log" "${apt[@]}" clean
  umount "$r/proc"
  MOUNTED=("${MOUNTED[@]/$r\/proc/}")
  rm -f "$r/usr/sbin/policy-rc.d"
}

# python_smoke IMAGE LOG: the image runs Python, imports NumPy and the notebook, and carries the service definition.
python_smoke() {
  local image=$1 log=$2
  logged "$log" dockr run --rm --network none --user 1000:1000 "$image" /usr/bin/python3 -c '
import json, numpy, notebook, ipykernel, sys
spec = json.load(open("/etc/backend.ai/service-defs/jupyter.json"))
assert spec["command"][0] == "{runtime_path}", spec
print("python", sys.version.split()[0], "numpy", numpy.__version__, "notebook", notebook.__version__,
      "ipykernel", ipykernel.__version__)
'
  tail -n 1 "$log"
}
