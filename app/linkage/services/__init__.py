"""The linkage rules, one module per rhythm: registry (LNK-2), reconcile (LNK-4), weekly (LNK-5),
meetings (LNK-6), assessment (LNK-7), warnings (LNK-8); access holds the scope rules."""
