# Thin aliases for ./run, which installs what each command needs (see README).
.PHONY: help serve test build generate bench
help:     ## list the commands
	@./run help
serve:    ## serve the site locally with live reload
	@./run serve
test:     ## run every test
	@./run test
build:    ## build the publishable site into site/
	@./run build
generate: ## regenerate pages from sources/
	@./run generate
bench:    ## print the benchmark figures
	@./run bench
