"""``status``: where ATTNVIZ_HOME is, what is on disk, whether the Hub answers."""

from __future__ import annotations

from attnviz.cli.common import add_home_option, apply_home


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "status",
        help="show ATTNVIZ_HOME, the models and data sets on disk, and whether the Hub is reachable",
        description="Show ATTNVIZ_HOME, which catalog models and data sets are on disk, and whether the Hub answers.",
    )
    add_home_option(parser)
    parser.add_argument("--no-probe", action="store_true", help="do not contact the Hub")
    parser.set_defaults(run=run)


def run(args) -> int:
    apply_home(args.home)
    from attnviz.nlp import catalog, hub
    from attnviz.nlp.errors import HubUnreachable
    from attnviz.nlp.paths import attnviz_home, local_datasets, local_models

    home = attnviz_home()
    print(f"ATTNVIZ_HOME: {home}")
    print("models:")
    for entry in catalog.MODELS.values():
        mark = "on disk" if hub.downloaded_model(entry.name) else f"not fetched (~{entry.download_mb} MB)"
        print(f"  {entry.name:40s} {entry.task:14s} {entry.layers}x{entry.heads}  {mark}")
    for name in local_models():
        if not catalog.find_model(name):
            print(f"  {name:40s} (local folder)")
    print("data sets:")
    for entry in catalog.DATASETS.values():
        mark = "on disk" if hub.downloaded_dataset(entry.name) else f"not fetched (~{entry.download_mb} MB)"
        print(f"  {entry.name:40s} {len(entry.label_names)} classes  {mark}")
    for name in local_datasets():
        if not catalog.find_dataset(name):
            print(f"  {name:40s} (local folder)")
    if not args.no_probe:
        try:
            hub.check_hub()
            print(f"Hub: reachable at {hub.hub_endpoint()}")
        except HubUnreachable as error:
            print(f"Hub: {error}")
    return 0
