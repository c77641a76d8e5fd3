# savefile module
