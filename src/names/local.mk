# names module
