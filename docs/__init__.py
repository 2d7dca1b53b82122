"""ci-gen's documentation, shipped with it: ``ci-gen docs [TOPIC]`` prints these pages
offline (the guide by default)."""
