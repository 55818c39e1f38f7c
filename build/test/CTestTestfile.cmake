# CMake generated Testfile for 
# Source directory: /work/main/test
# Build directory: /work/main/build/test
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build/test/base_test[1]_include.cmake")
