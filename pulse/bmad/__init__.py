"""vortex-pulse inside BMAD projects: installing the workflow and wrappers (docs/bmad.md)."""
