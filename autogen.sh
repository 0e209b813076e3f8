#!/bin/sh
# Generate configure and Makefile.in (needs autoconf and automake; release
# tarballs ship them, so users of a tarball or dkms never run this).
set -e
cd "$(dirname "$0")"
autoreconf -fi
