#!/usr/bin/env bash
# Rolls the store out to the cluster of the current kubectl context: the migration Job first
# (waiting for it to finish, so a failing migration stops here), then everything else.
#
#   daemons/deploy/kubernetes/deploy.sh prod
set -euo pipefail
overlay="${1:?usage: deploy.sh dev|prod}"
dir="$(cd "$(dirname "$0")" && pwd)/overlays/$overlay"
namespace=$(kubectl kustomize "$dir" | sed -n 's/^  namespace: //p' | head -n1)

# The namespace, the configuration and the Secret the Job reads.
kubectl apply -k "$dir" -l 'app.kubernetes.io/component notin (migrate,gateway,user,catalog,order,payment,notification)'
# A Job's pod template cannot change: the last rollout's Job goes first.
kubectl -n "$namespace" delete job bookstore-migrate --ignore-not-found
kubectl apply -k "$dir" -l app.kubernetes.io/component=migrate
kubectl -n "$namespace" wait --for=condition=complete --timeout=600s job/bookstore-migrate
kubectl apply -k "$dir"
for service in user catalog order payment notification gateway; do
    kubectl -n "$namespace" rollout status "deployment/bookstore-$service" --timeout=300s
done
