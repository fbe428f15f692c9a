# shellcheck shell=bash disable=SC2034,SC2016 # settings used by scripts/images; $ in single quotes is for the container
# tessera/busybox: Debian's statically linked busybox in an otherwise empty rootfs; no Python, for the exec-only
# path. Debian 12 ships BusyBox 1.35, hence the tag.

BUSYBOX_VERSION=1.35
BUSYBOX_TAGS=("tessera/busybox:$BUSYBOX_VERSION-debian12" tessera/busybox:latest)
BUSYBOX_PACKAGES=(busybox-static)
BUSYBOX_CONTEXT_FILES=(Dockerfile)
BUSYBOX_SUMMARY="Debian 12's busybox-static ($BUSYBOX_VERSION) with its applet symlinks, /tmp, /home/work, minimal /etc; no Python"

busybox_rootfs_key() {
  printf 'busybox rootfs\nsuite %s\narch %s\npackages %s\nprep %s\nsecurity %s\n' \
    "$IMAGES_SUITE" "$(dpkg --print-architecture)" "${BUSYBOX_PACKAGES[*]}" "$ROOTFS_PREP_VERSION" \
    "$([[ -n $DEBIAN_SECURITY_MIRROR ]] && echo yes || echo no)" | sha256_of_stdin
}

# busybox_make_rootfs ROOTFS LOG: download busybox-static with a private apt (the configured mirror, the suite's
# updates and security), extract it into an empty rootfs and add what a container needs.
busybox_make_rootfs() {
  local r=$1 log=$2 debdir deb version applet
  debdir="$r.debs"
  install -d -m 755 "$debdir" "$r"
  say "busybox: apt-get download busybox-static from $DEBIAN_MIRROR (output in $log)"
  private_apt_update "$log"
  (cd "$debdir" && logged "$log" private_apt download busybox-static)
  deb=$(find "$debdir" -maxdepth 1 -name 'busybox-static_*.deb' | head -n 1)
  [[ -n $deb ]] || fail_with_log "$log" "busybox: apt-get download did not produce a busybox-static .deb"
  version=$(dpkg-deb -f "$deb" Version)
  [[ $version == 1:$BUSYBOX_VERSION.* ]] ||
    fail "busybox: the mirror has busybox-static $version, not $BUSYBOX_VERSION.x; update BUSYBOX_VERSION in $0.d/busybox.sh"
  substep "busybox: downloaded busybox-static $version"
  printf 'busybox-static %s\n' "$version" >"$r.packages"
  dpkg-deb -x "$deb" "$r"
  rm -rf "$debdir"
  rm -rf "$r/usr/share/initramfs-tools"
  trim_rootfs "$r"

  install -d -m 755 "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc" "$r/root" "$r/home" "$r/home/work" \
    "$r/proc" "$r/sys" "$r/dev" "$r/var" "$r/run" "$r/usr/local/bin"
  install -d -m 1777 "$r/tmp" "$r/var/tmp"
  [[ -x $r/bin/busybox ]] || fail "busybox: the package has no /bin/busybox"
  # busybox --install -s, done from the host (the binary is static) so that nothing runs inside the rootfs.
  while read -r applet; do
    [[ -n $applet && $applet != linuxrc && ! -e $r/$applet && ! -L $r/$applet ]] || continue
    ln -s /bin/busybox "$r/$applet"
  done < <("$r/bin/busybox" --list-full)
  [[ -L $r/bin/sh ]] || fail "busybox: no sh applet"
  chmod 700 "$r/root"

  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$r/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$r/etc/group"
  printf '%s\n' 'root:*::0:::::' 'nobody:*::0:::::' >"$r/etc/shadow"
  chmod 644 "$r/etc/passwd" "$r/etc/group"
  chmod 640 "$r/etc/shadow"
  printf 'localhost\n' >"$r/etc/hostname"
  : >"$r/etc/resolv.conf"
  printf '%s\n' '127.0.0.1 localhost' '::1 localhost ip6-localhost ip6-loopback' >"$r/etc/hosts"
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  printf 'PRETTY_NAME="BusyBox %s (Debian 12 busybox-static %s)"\nNAME=BusyBox\nID=busybox\nID_LIKE=debian\nVERSION_ID=%s\n' \
    "$BUSYBOX_VERSION" "$version" "$BUSYBOX_VERSION" >"$r/etc/os-release"
}

# busybox_smoke IMAGE LOG: a shell runs as a uid without a passwd entry, /tmp and /home/work exist, no Python.
busybox_smoke() {
  local image=$1 log=$2
  logged "$log" dockr run --rm --network none --user 1000:1000 "$image" /bin/sh -c '
set -e
test -d /home/work && test -w /tmp && touch /tmp/x && ! command -v python3 >/dev/null
echo "$(busybox | head -n 1 | cut -d" " -f1-2) uid=$(id -u) sh=$(readlink /bin/sh) applets=$(busybox --list | wc -l)"'
  tail -n 1 "$log"
}
