func.func private @plan_string() attributes {molten.launch_plan = "function f inputs 0 outputs 0 symbols 0\nend\n"}
