#include <cstdio>
#include "waternet/core/version.hpp"
int main() { std::printf("waternet %s\n", wn::kVersion); }
