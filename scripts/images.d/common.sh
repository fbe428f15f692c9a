# shellcheck shell=bash disable=SC2034 # settings used by scripts/images and the image files
# Settings and shared helpers for scripts/images: messages, timed steps, the Debian mirror, a private apt, Docker,
# recipe hashes and rootfs trimming.

IMAGES_CACHE="${TESSERA_IMAGES_CACHE:-/var/cache/tessera-images}"
IMAGES_LOG_DIR="$IMAGES_CACHE/log"
IMAGES_SUITE=bookworm
DOCKER_HOST_URL="${TESSERA_IMAGES_DOCKER_HOST:-${DOCKER_HOST:-unix:///var/run/docker.sock}}"
# The label holding the hash of everything an image is built from (see recipe_hash).
RECIPE_LABEL=tessera.image-recipe
ROOTFS_LABEL=tessera.image-rootfs
# Bump when the rootfs preparation below changes in a way that should invalidate cached rootfs tarballs.
ROOTFS_PREP_VERSION=1

IMAGES_FORCE=0

say() {
  printf 'images: %s\n' "$*"
}

fail() {
  printf 'images: error: %s\n' "$*" >&2
  exit 1
}

# fail_with_log LOGFILE MESSAGE: stop with MESSAGE and the end of LOGFILE.
fail_with_log() {
  local log=$1 message=$2
  {
    printf 'images: error: %s\n' "$message"
    printf 'images: full log: %s\n' "$log"
    if [[ -s $log ]]; then
      printf -- '----- last lines of %s -----\n' "$log"
      tail -n 30 "$log"
      printf -- '-----\n'
    fi
  } >&2
  exit 1
}

now_ms() {
  local t
  t=$(date +%s%N)
  printf '%s' $((t / 1000000))
}

# seconds_since MS: elapsed seconds since the now_ms value MS, one decimal.
seconds_since() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# step IMAGE NUMBER TOTAL TEXT: announce a step; step_done prints how long it took.
STEP_STARTED_MS=0
STEP_TEXT=''
step() {
  STEP_TEXT="$1: step $2/$3: $4"
  STEP_STARTED_MS=$(now_ms)
  say "$STEP_TEXT ..."
}

# substep TEXT: a progress line inside the current step, with the seconds since the step began.
substep() {
  say "$1 ($(seconds_since "$STEP_STARTED_MS")s into the step)"
}

step_done() {
  local extra=${1:-}
  say "$STEP_TEXT: done in $(seconds_since "$STEP_STARTED_MS")s${extra:+ ($extra)}"
}

# logged LOGFILE COMMAND...: run COMMAND with its output appended to LOGFILE; on failure show the log's end.
logged() {
  local log=$1
  shift
  printf '\n===== %s: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    fail_with_log "$log" "${STEP_TEXT:-command} failed: $*"
  fi
}

need_root() {
  if [[ $EUID -ne 0 ]]; then
    fail "'scripts/images $1' must run as root (debootstrap, chroot and dpkg-deb -x need it to create root-owned files and device nodes); run it with sudo"
  fi
}

take_lock() {
  install -d -m 755 "$IMAGES_CACHE" "$IMAGES_LOG_DIR"
  exec {IMAGES_LOCK_FD}>"$IMAGES_CACHE/images.lock"
  if ! flock -n "$IMAGES_LOCK_FD"; then
    say "another scripts/images run holds $IMAGES_CACHE/images.lock; waiting for it (up to 30 min)"
    flock -w 1800 "$IMAGES_LOCK_FD" || fail "timed out waiting for $IMAGES_CACHE/images.lock"
  fi
}

# ----- Docker

dockr() {
  docker -H "$DOCKER_HOST_URL" "$@"
}

need_docker() {
  command -v docker >/dev/null || fail "the docker client is not installed; 'scripts/halfstack up' installs and starts Docker"
  local sock=${DOCKER_HOST_URL#unix://}
  if [[ $DOCKER_HOST_URL == unix://* && -S $sock && ! -w $sock ]]; then
    fail "no permission to use the Docker socket $sock; run as root or as a member of its group"
  fi
  if ! timeout 15 docker -H "$DOCKER_HOST_URL" info --format '{{.ServerVersion}}' >/dev/null 2>&1; then
    fail "the Docker engine does not answer at $DOCKER_HOST_URL; start it with 'scripts/halfstack up docker' (or set TESSERA_IMAGES_DOCKER_HOST)"
  fi
}

# image_label REF LABEL: the label's value, empty when the image or the label is missing.
image_label() {
  dockr image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//' || true
}

image_id() {
  dockr image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

# ----- The Debian mirror

# configured_mirror SUITE: the first URI in the machine's apt sources (deb822 .sources and one-line .list files)
# that serves SUITE for binary packages.
configured_mirror() {
  local suite=$1 file all=''
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    all+=$(mirror_in_file "$suite" "$file")$'\n'
  done
  all=${all#"${all%%[![:space:]]*}"}
  [[ -n $all ]] && printf '%s\n' "${all%%$'\n'*}"
  return 0
}

# mirror_in_file SUITE FILE: the URIs in FILE that serve SUITE, first one first.
mirror_in_file() {
  local suite=$1 file=$2
  if [[ $file == *.sources ]]; then
    # deb822: blank-line-separated stanzas; a deb stanza whose Suites list SUITE gives its first URI.
    awk -v suite="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uri != "") print uri
        types = ""; suites = ""; uri = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
        if (key == "types") types = $0
        else if (key == "suites") suites = $0
        else if (key == "uris") { split($0, u, " "); uri = u[1] }
        else if (key == "enabled") enabled = tolower($0) }
      END { flush() }
    ' "$file"
  else
    # One-line format: deb [options] URI SUITE COMPONENT...
    awk -v suite="$suite" '
      $1 != "deb" { next }
      { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) print $i }
    ' "$file"
  fi
}

# resolve_mirrors: sets DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR (empty: no security updates) once.
DEBIAN_MIRROR=''
DEBIAN_SECURITY_MIRROR=''
MIRRORS_RESOLVED=0
resolve_mirrors() {
  ((MIRRORS_RESOLVED)) && return
  DEBIAN_MIRROR="${TESSERA_DEBIAN_MIRROR:-$(configured_mirror "$IMAGES_SUITE")}"
  [[ -n $DEBIAN_MIRROR ]] || fail "no apt source for '$IMAGES_SUITE' in /etc/apt/sources.list{,.d/*}; set TESSERA_DEBIAN_MIRROR to a Debian mirror URL (e.g. http://deb.debian.org/debian)"
  DEBIAN_MIRROR=${DEBIAN_MIRROR%/}
  if [[ -n ${TESSERA_DEBIAN_SECURITY_MIRROR+set} ]]; then
    DEBIAN_SECURITY_MIRROR=$TESSERA_DEBIAN_SECURITY_MIRROR
  else
    DEBIAN_SECURITY_MIRROR=$(configured_mirror "$IMAGES_SUITE-security")
  fi
  [[ $DEBIAN_SECURITY_MIRROR == none ]] && DEBIAN_SECURITY_MIRROR=''
  DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR%/}
  MIRRORS_RESOLVED=1
  say "Debian mirror: $DEBIAN_MIRROR${DEBIAN_SECURITY_MIRROR:+ (security updates: $DEBIAN_SECURITY_MIRROR)}"
}

# write_deb822_sources FILE: the apt sources an image (or the private apt) uses: the suite, its updates and security.
write_deb822_sources() {
  local file=$1 keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n' \
      "$DEBIAN_MIRROR" "$IMAGES_SUITE" "$IMAGES_SUITE" "$keyring"
    if [[ -n $DEBIAN_SECURITY_MIRROR ]]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
        "$DEBIAN_SECURITY_MIRROR" "$IMAGES_SUITE" "$keyring"
    fi
  } >"$file"
}

# private_apt ARGS...: apt-get with its own sources, lists and cache under the cache dir, so that the host's apt
# state is neither used nor changed, and TESSERA_DEBIAN_MIRROR applies.
PRIVATE_APT_DIR="$IMAGES_CACHE/apt"
private_apt() {
  apt-get -q \
    -o Dir::Etc::SourceList=/dev/null \
    -o Dir::Etc::SourceParts="$PRIVATE_APT_DIR/sources.list.d" \
    -o Dir::State="$PRIVATE_APT_DIR/state" \
    -o Dir::Cache="$PRIVATE_APT_DIR/cache" \
    -o APT::Sandbox::User=root \
    "$@"
}

private_apt_update() {
  local log=$1
  install -d -m 755 "$PRIVATE_APT_DIR/sources.list.d" "$PRIVATE_APT_DIR/state/lists/partial" \
    "$PRIVATE_APT_DIR/cache/archives/partial"
  write_deb822_sources "$PRIVATE_APT_DIR/sources.list.d/debian.sources"
  logged "$log" private_apt update --error-on=any
}

# ----- Tools

ensure_tools() {
  local missing=() log="$IMAGES_LOG_DIR/apt-host.log"
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || missing+=(debian-archive-keyring)
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || fail "missing: ${missing[*]}, and apt-get is not available to install them"
  say "installing with apt-get: ${missing[*]} (output in $log)"
  export DEBIAN_FRONTEND=noninteractive
  logged "$log" apt-get update -q
  logged "$log" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ----- Hashes

sha256_of_stdin() {
  sha256sum | cut -c1-64
}

# recipe_hash FILE...: one hash over the names and contents of FILE... (relative paths, in the given order).
recipe_hash() {
  local f
  for f in "$@"; do
    printf '== %s\n' "$f"
    cat -- "$f"
  done | sha256_of_stdin
}

# ----- Rootfs preparation

# write_dpkg_excludes ROOTFS: later package installs in the image skip docs, man pages and translations too.
write_dpkg_excludes() {
  install -d -m 755 "$1/etc/dpkg/dpkg.cfg.d"
  cat >"$1/etc/dpkg/dpkg.cfg.d/01-tessera-minimal" <<'CFG'
# Written by tessera scripts/images: keep the image small (copyright files are kept).
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/groff/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/linda/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
CFG
}

# trim_rootfs ROOTFS: drop apt lists and caches, logs, docs (except copyright files), man pages, locales except C.
trim_rootfs() {
  local r=$1
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
    "$r"/var/cache/apt/archives/partial/* "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old \
    "$r"/var/log/apt/* "$r"/var/log/dpkg.log "$r"/var/log/bootstrap.log "$r"/var/log/alternatives.log \
    "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/groff/* "$r"/usr/share/lintian/* \
    "$r"/usr/share/linda/* "$r"/tmp/* "$r"/var/tmp/* "$r"/root/.cache
  if [[ -d $r/usr/share/doc ]]; then
    find "$r/usr/share/doc" -mindepth 1 \( -type f -o -type l \) ! -name copyright -delete
    find "$r/usr/share/doc" -mindepth 1 -depth -type d -empty -delete
  fi
  if [[ -d $r/usr/share/locale ]]; then
    find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'C' ! -name 'C.*' ! -name locale.alias \
      -exec rm -rf {} +
  fi
  if [[ -d $r/usr/lib/locale ]]; then
    find "$r/usr/lib/locale" -mindepth 1 -maxdepth 1 ! -name 'C.*' ! -name 'C' -exec rm -rf {} +
  fi
}

# tar_rootfs ROOTFS TARBALL: a gzip tarball of ROOTFS with numeric owners, written atomically.
tar_rootfs() {
  local r=$1 out=$2
  tar --numeric-owner --xattrs --acls -C "$r" -cf - . | gzip -1 >"$out.partial"
  mv -f "$out.partial" "$out"
}

# human_size BYTES: decimal units (MB = 10^6 bytes), as docker image ls prints them.
human_size() {
  numfmt --to=si --suffix=B --format='%.1f' "$1"
}

dir_size_bytes() {
  du -sb "$1" 2>/dev/null | cut -f1
}
