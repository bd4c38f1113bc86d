# The Native AOT publish recipe every `sam build` Makefile of this repository shares (the root Makefile and the
# samples' Makefiles include it; the `dotnet new` template keeps its own copy, since a generated project has no
# repository around it).
#
# SAM CLI (aws-lambda-builders custom_make) runs `make --makefile <the function's Makefile> build-<LogicalId>` with
# ARTIFACTS_DIR set, in a copy of the function's ProjectRootDirectory: the repository root for every template here, so
# this file, under that root, is in the copy (and in the build container's mount) too.
# With `--use-container` it runs in the image given by `--build-image` (samconfig.toml: public.ecr.aws/sam/build-dotnet10,
# Amazon Linux 2023 with the .NET 10 SDK, clang, zlib-devel and make); without it, on this machine, which then needs
# the .NET 10 SDK and a C toolchain and must be Amazon Linux 2023 (or a Linux with glibc no newer than AL2023's 2.34).
# Native AOT compiles for the processor it runs on: the image tag (latest-arm64 / latest-x86_64) or the machine
# must match the function's architecture.

RUNTIME_ID ?= linux-$(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x64)
PUBLISH_DIR ?= $(CURDIR)/obj/sam-build

# $(1): the function's project; $(2): its executable's name when not `bootstrap` (a function project names its
# executable `bootstrap` when publishing; the pump host keeps its own name). Publishes it Native AOT and hands SAM only
# the executable, as bootstrap: provided.al2023 starts $(ARTIFACTS_DIR)/bootstrap.
define publish_bootstrap
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	dotnet publish $(1) --configuration Release --runtime $(RUNTIME_ID) -p:PublishAot=true -p:StripSymbols=true --output $(PUBLISH_DIR)/$@
	mkdir -p $(ARTIFACTS_DIR)
	cp $(PUBLISH_DIR)/$@/$(or $(2),bootstrap) $(ARTIFACTS_DIR)/bootstrap
endef
