#!/usr/bin/env bash
# rras-auth-utf16.txt is rras-auth-utf16.source.txt as Windows PowerShell 5.1 `>` writes it:
# UTF-16 LE with a byte-order mark, CRLF line ends.
set -euo pipefail
cd "$(dirname "$0")"
{ printf '\xff\xfe'; sed 's/$/\r/' rras-auth-utf16.source.txt | iconv -f UTF-8 -t UTF-16LE; } >rras-auth-utf16.txt
