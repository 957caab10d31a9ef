/* The driver registration table and the spec dispatcher of drivers/scanner.h. */
#include "drivers/scanner.h"
