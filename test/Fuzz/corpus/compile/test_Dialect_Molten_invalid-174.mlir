func.func private @unknown_attr() attributes {molten.plan = 1 : i64}
