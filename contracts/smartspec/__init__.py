"""SmartSpec conventions (docs/smartspec.md): spec resolution, NFRs, observability.yaml. Pure."""
