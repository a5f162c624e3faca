global using FluentValidation;
global using Mediator;
