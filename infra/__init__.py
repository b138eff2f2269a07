"""Hard-E's AWS CDK app: thin stacks composed of one construct per feature."""

from __future__ import annotations

import os

# jsii warns on every start-up that Node 20 is end-of-life; say it once in the README
# instead of in every synth and test run. Upgrading Node removes the need for this.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
