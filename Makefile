# How `sam build` builds the Native AOT `bootstrap` of each function in template.yaml (Metadata: BuildMethod: makefile,
# ProjectRootDirectory: the repository root). The recipe is scripts/sam-aot-bootstrap.mk, shared with the samples'
# Makefiles; it says how SAM CLI runs this file. By hand, from the repository root:
#   make --makefile Makefile build-ConsumerFunction ARTIFACTS_DIR=/tmp/consumer

include $(dir $(lastword $(MAKEFILE_LIST)))scripts/sam-aot-bootstrap.mk

.PHONY: build-ConsumerFunction build-NeptunePumpFunction

build-ConsumerFunction:
	$(call publish_bootstrap,samples/QuickStart/QuickStart.csproj)

build-NeptunePumpFunction:
	$(call publish_bootstrap,src/Neptune.Streams.Pump.Host/Neptune.Streams.Pump.Host.csproj,neptune-stream-pump)
