#!/bin/bash
# load.sh — the sample event (../shared/sample/idm-2024.md): the International
# Dialogue on Migration 2024, its sessions in order and the organisations of
# the coalition. Usage: load.sh PATH-TO-DAIS (DAIS_DB set).
set -eu
dais=$1
$dais event add idm-2024-1 \
    --title "International Dialogue on Migration 2024 — first session" \
    --starts 2024-05-21 --ends 2024-05-22 --location "New York" \
    --description "Facilitating regular pathways to a better future: harnessing the power of migration. Organised by the International Organization for Migration (IOM)."
while IFS='|' read -r slug kind title; do
	$dais session add idm-2024-1 "$slug" --kind "$kind" --title "$title"
done <<'EOF2'
panel-1|panel|Evidence-based findings
panel-2|panel|Innovative policy solutions
panel-3|panel|Effective community engagement and social cohesion
panel-4|panel|Diaspora and the private sector
panel-5|panel|More accessible, responsive and socio-economically inclusive regular pathways
session-3|session|Session 3 (written statements)
side-dg|side meeting|Side meeting with the IOM Director-General
EOF2
while IFS='|' read -r slug name; do
	$dais org add "$slug" --name "$name"
done <<'EOF2'
ac|Civil Society Action Committee
ngo-cm|NGO Committee on Migration
alianza|Alianza Americas
simn|Scalabrini International Migration Network
mycp|Migration Youth & Children Platform
cmdp|Climate, Migration and Displacement Platform
nnirr|National Network for Immigrant and Refugee Rights
cms|Center for Migration Studies
mri|Migrant Rights Initiative
EOF2
