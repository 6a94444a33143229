module attributes {molten.target = #molten.target<"gfx90a", multiprocessors = 132, registers = 65536, shared_memory = 232448>} {}
