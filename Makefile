# How `sam build` builds the Native AOT `bootstrap` of each function in template.yaml (Metadata: BuildMethod: makefile).
#
# SAM CLI runs `make --makefile <this file> build-<LogicalId>` with ARTIFACTS_DIR set, in a copy of the function's
# ProjectRootDirectory (the repository root), and zips what lands in ARTIFACTS_DIR. With `--use-container` it runs
# in the image given by `--build-image` (samconfig.toml: public.ecr.aws/sam/build-dotnet10, Amazon Linux 2023 with
# the .NET 10 SDK, clang, zlib-devel and make); without it, on this machine, which then needs the .NET 10 SDK and a C
# toolchain and must be Amazon Linux 2023 (or a Linux with glibc no newer than AL2023's 2.34).
# Native AOT compiles for the processor it runs on: the image tag (latest-arm64 / latest-x86_64) or the machine
# must match the function's architecture. By hand, from the repository root:
#   make --makefile Makefile build-ConsumerFunction ARTIFACTS_DIR=/tmp/consumer

RUNTIME_ID ?= linux-$(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
PUBLISH_DIR ?= $(CURDIR)/obj/sam-build

# $(1): the function's project. Publishes it Native AOT (the project names its executable `bootstrap` when
# publishing) and hands SAM only the executable: provided.al2023 starts $(ARTIFACTS_DIR)/bootstrap.
define publish_bootstrap
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	dotnet publish $(1) --configuration Release --runtime $(RUNTIME_ID) -p:PublishAot=true -p:StripSymbols=true --output $(PUBLISH_DIR)/$@
	mkdir -p $(ARTIFACTS_DIR)
	cp $(PUBLISH_DIR)/$@/bootstrap $(ARTIFACTS_DIR)/bootstrap
endef

.PHONY: build-ConsumerFunction build-NeptunePumpFunction

build-ConsumerFunction:
	$(call publish_bootstrap,samples/QuickStart/QuickStart.csproj)

build-NeptunePumpFunction:
	$(call publish_bootstrap,src/Neptune.Streams.Pump.Host/Neptune.Streams.Pump.Host.csproj)
