namespace NeuroFit.Models.Text;

/// <summary>Stable diagnostic ids. Tests match ids and positions, so messages may be reworded freely.</summary>
internal static class DiagnosticIds
{
    // Syntax (NF10xx)
    public const string UnexpectedCharacter = "NF1001";
    public const string MalformedNumber = "NF1002";
    public const string ImplicitMultiplication = "NF1003";
    public const string UnclosedParenthesis = "NF1004";
    public const string UnmatchedParenthesis = "NF1005";
    public const string ExpectedExpression = "NF1006";
    public const string TwoAssignments = "NF1007";
    public const string UnexpectedToken = "NF1008";
    public const string ConditionalSyntax = "NF1009";
    public const string MissingElse = "NF1010";
    public const string ChainedComparison = "NF1011";
    public const string ExpectedAssignment = "NF1012";
    public const string MalformedFlag = "NF1013";
    public const string UnknownFlag = "NF1014";
    public const string TooDeep = "NF1015";

    // Meaning (NF11xx)
    public const string UndeclaredIdentifier = "NF1101";
    public const string ReservedName = "NF1102";
    public const string DuplicateAttribute = "NF1103";
    public const string InvalidTarget = "NF1104";
    public const string DerivativeMismatch = "NF1105";
    public const string NotLinearInDerivative = "NF1106";
    public const string NotLinearInVariable = "NF1107";
    public const string MixedCoupledMethods = "NF1108";
    public const string EventDriven = "NF1109";
    public const string SynapseOnlyFlag = "NF1110";
    public const string UnknownFunction = "NF1111";
    public const string WrongArity = "NF1112";
    public const string InvalidDistributionArgument = "NF1113";
    public const string InvalidGlobalOperation = "NF1114";
    public const string SpikingDefinesR = "NF1115";
    public const string RateWithoutR = "NF1116";
    public const string SeveralSpikeStatements = "NF1117";
    public const string ConditionalInReset = "NF1118";
    public const string InvalidStatement = "NF1119";
    public const string InvalidRefractory = "NF1120";
    public const string InvalidParameterValue = "NF1121";
    public const string MisplacedFlag = "NF1122";
    public const string DuplicateFlag = "NF1123";
    public const string InvalidBound = "NF1124";
    public const string DerivativeOutsideOde = "NF1125";
    public const string InvalidFunctionDefinition = "NF1126";
    public const string FunctionScope = "NF1127";
    public const string FunctionRecursion = "NF1128";
    public const string RandomNotAllowed = "NF1129";
    public const string GlobalReadsLocal = "NF1130";
    public const string ExpressionTooLarge = "NF1131";
    public const string NotAssignable = "NF1132";

    // Model files (NF12xx)
    public const string YamlSyntax = "NF1201";
    public const string UnknownKey = "NF1202";
    public const string KeyNotText = "NF1203";

    // Parameter overrides (NF13xx)
    public const string UnknownParameter = "NF1301";
    public const string InvalidOverride = "NF1302";

    // Warnings (NF2xxx)
    public const string IntegerDivision = "NF2001";
    public const string RefractoryOnRateNeuron = "NF2002";
    public const string UnlessRefractoryIgnored = "NF2003";
    public const string ResetOnRateNeuron = "NF2004";
}
